"""What 督办 tells the areas: a granted extension moves the record's own deadline too.

An area connects a receiver for its model (`sender`) and stores `due_at` on the record, with a
step on its timeline; it must not call `supervise` again (the item already has the deadline)."""

from django.dispatch import Signal

# kwargs: record, due_at, actor, reason, now
deadline_extended = Signal()
