"""Account endpoints: who am I, and what I may reach."""

from ninja import Router, Schema

router = Router(tags=["账号"])


class RoleOut(Schema):
    role: str
    role_label: str
    unit_id: int
    unit_name: str


class MeOut(Schema):
    id: int
    username: str
    name: str
    person_id: int | None
    roles: list[RoleOut]


@router.get("/me", response=MeOut, summary="当前用户")
def me(request):
    user = request.user
    roles = [
        RoleOut(
            role=r.role, role_label=r.get_role_display(), unit_id=r.unit_id, unit_name=r.unit.name
        )
        for r in user.role_assignments.select_related("unit")
    ]
    return MeOut(
        id=user.pk,
        username=user.username,
        name=user.display_name,
        person_id=user.person_id,
        roles=roles,
    )
