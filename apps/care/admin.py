"""No admin pages: hardship files are read only through the care roles' scope (the Django
admin would show them to the system administrator)."""
