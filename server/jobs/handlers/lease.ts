/** How long a dead worker's run jobs wait before another worker takes them (crash tests shorten it). */
export const leaseSeconds = () => Number(process.env.TUNEBENCH_RUN_JOB_LEASE_SECONDS) || 60;
