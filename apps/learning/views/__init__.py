"""学习教育 pages: parse, authorise through selectors (out of scope is a 404), call a service,
render. The rules live in services/ and permissions.py."""
