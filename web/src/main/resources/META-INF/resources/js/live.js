// Live updates from the server (contract; issue 11 wires it to GET /api/events, Server-Sent Events).
// onLive(kinds, cb): cb(event) for every event whose kind is in `kinds` (e.g. ['incident', 'segment']);
// an event is {id, kind, entityId, action, layers}; returns an unsubscribe function.

export function onLive(kinds, cb) {
  return () => {};
}
