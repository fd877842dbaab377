/**
 * Where kmark lives on the web: SARIF's informationUri, and each rule's
 * helpUri into docs/rules.md. package.json's `homepage` (a test holds them
 * equal); the project has no public address yet, so both name the one it
 * would have.
 */
export const KMARK_HOME = 'https://github.com/kmark/kmark';
export const RULES_DOC_URI = `${KMARK_HOME}/blob/main/docs/rules.md`;
