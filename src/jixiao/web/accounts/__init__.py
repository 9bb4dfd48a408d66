"""Users, roles, the organisation tree (财政局 → 部门 → 单位), login lockout and permissions."""
