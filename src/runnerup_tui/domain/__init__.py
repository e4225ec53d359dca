"""The playbook: the model, candidate summaries and what follows from them. No I/O."""
