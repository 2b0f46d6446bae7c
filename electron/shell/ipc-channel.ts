/** The one IPC channel between preload and main; every API call goes through it. */
export const API_CHANNEL = 'outpost:api';
