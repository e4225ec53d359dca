"""Working as a team through git: the git layer, the merge driver, sync, history, conflicts."""
