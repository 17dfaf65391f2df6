// How large a message about bad input may grow, whatever the input: so many problems, so many
// characters of a value, a setting's name and a fix. Pure.

/** The most problems one message lists, and its size in characters (about 6 KB, whatever the input). */
export const MAX_LISTED_PROBLEMS = 25;
export const MAX_MESSAGE_CHARS = 6000;
/** How much of a value, a setting's name and a fix one line shows. */
export const MAX_VALUE_CHARS = 200;
export const MAX_SETTING_CHARS = 120;
export const MAX_FIX_CHARS = 600;
