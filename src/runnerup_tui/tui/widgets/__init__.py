"""Widgets the screens and dialogs are made of."""
