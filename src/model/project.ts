/** Where kmark lives on the web: SARIF's informationUri, and each rule's helpUri into docs/rules.md. */
export const KMARK_HOME = 'https://github.com/kmark/kmark';
export const RULES_DOC_URI = `${KMARK_HOME}/blob/main/docs/rules.md`;
