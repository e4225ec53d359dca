"""Modal dialogs of the app."""
