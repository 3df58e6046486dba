"""Meeting pages, one module per concern: meetings (plan, run, close), records (补录, review,
党小组, kinds), reports (calendar, compliance, figures) and the QR sign-in. Views parse,
authorise through selectors (out of scope is a 404), call a service, render."""
