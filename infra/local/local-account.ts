/** The AWS account id the local stand-ins put in their ARNs (the documented placeholder). */
export const LOCAL_ACCOUNT_ID = '000000000000';
