// What the signed-in user may do, from GET /api/me ({username, displayName, org, role}). The server enforces
// every rule (docs/SECURITY.md); the map only hides the controls a role cannot use. ADMIN may do everything.

const RULES = {
  changeSegmentStatus: ['COMMISSION'],
  recordInspection: ['COMMISSION'],
  reportIncident: ['PATROL', 'PLANNER'],
  changeIncidentStatus: ['PLANNER'],
  importIncidents: ['PLANNER'],
  hotspots: ['PLANNER'],
  planPatrols: ['PLANNER', 'PATROL'],
  savePlans: ['PLANNER'],
  // issue 12: the exchange between the organisations (messages, cases, meetings, figures); the server decides
  // what each organisation and role may read and do there
  exchange: ['VIEWER', 'COMMISSION', 'PLANNER', 'PATROL'],
  admin: [],
};

/** A user object with can(action). Without /api/me (no user management on the server) everything is shown. */
export function rolesOf(me) {
  const role = me?.role || null;
  return {
    me,
    role,
    org: me?.org || null,
    can(action) {
      if (!me) return action !== 'admin';
      if (role === 'ADMIN') return true;
      return (RULES[action] || []).includes(role);
    },
  };
}
