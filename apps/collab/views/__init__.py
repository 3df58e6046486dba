"""Joint-meeting pages, one module per concern: bodies, sessions, action items. Views parse,
authorise through selectors (out of scope is a 404), call a service, render."""
