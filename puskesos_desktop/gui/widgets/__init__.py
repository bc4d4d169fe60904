"""Small reusable inputs shared by dialogs and views."""
