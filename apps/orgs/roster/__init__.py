"""The roster by 工号: row validation and the all-or-nothing bulk upsert.

One piece of code serves the Excel import (preview, then apply) and the API bulk upsert. Every
lookup a row needs (units in the actor's scope, existing people and their memberships) is loaded
once into dicts, so validating or writing a row costs no query of its own.

Columns a file (or an API row) does not carry are left alone; a column that is present but empty
clears the value (an empty 所在支部 ends the party membership, softly).

Bulk writes bypass django-auditlog on purpose: 50,000 change rows per import would swamp the log.
Each import is recorded as one audit event instead (see apps.orgs.tasks / apps.orgs.api).

`columns`: the file format and how a cell reads; `validation`: what each row would do;
`writing`: the bulk writes; `xlsx`: the workbook in and the template out; `services`: the
entry points (the API upsert, the import's start and confirm) and who may use them.
"""
