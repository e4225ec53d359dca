"""The full-screen terminal app (Textual): the only package that imports Textual.

Everything below it (model, storage, index, search, actions) is shared with the CLI; the
modules here only show that core and turn keys and clicks into calls to it.
"""
