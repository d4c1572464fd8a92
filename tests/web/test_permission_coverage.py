"""No route ships without a declared permission."""

from matcher.accounts.permissions import ROLES_FOR, Permission


def test_every_route_declares_its_permission(app):
    undeclared = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        and not isinstance(
            getattr(app.view_functions[rule.endpoint], "required_permission", None), Permission
        )
    ]
    assert undeclared == []


def test_every_permission_has_a_rule():
    open_to_all = {Permission.PUBLIC, Permission.DEV_TOOLS}
    assert set(Permission) == open_to_all | set(ROLES_FOR)
