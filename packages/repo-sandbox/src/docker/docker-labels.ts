/** The label every swespot sandbox container carries, with its session id as value. */
export const SESSION_LABEL = 'dev.swespot.sandbox.session';
/** Label: host name of the process that owns the container. */
export const OWNER_HOST_LABEL = 'dev.swespot.sandbox.owner-host';
/** Label: pid of the process that owns the container. */
export const OWNER_PID_LABEL = 'dev.swespot.sandbox.owner-pid';
/** Label: start time of the owning process (clock ticks since boot), to tell a reused pid apart. */
export const OWNER_START_LABEL = 'dev.swespot.sandbox.owner-start';
