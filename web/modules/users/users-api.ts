export const USERS_URL = '/api/users';

export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;
