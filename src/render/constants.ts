/** Numbers and names the card renderer and the Teams host agree on. */

/** Teams' smallest documented message limit (webhooks, older docs); cards stay under it so they always post. */
export const CARD_BUDGET_BYTES = 28 * 1024;

/** The Action.Execute verb of every button; its `data.command` is the command text to run. */
export const RUN_VERB = 'netops.run';

/** Teams shows at most this many card actions (host config `maxActions`); the rest go to the overflow menu. */
export const MAX_VISIBLE_ACTIONS = 6;

/** Tables wider than this are hard to read on phones; extra columns are folded into the last one. */
export const MAX_TABLE_COLUMNS = 5;
