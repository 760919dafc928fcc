/** Numbers and names the card renderer and the Teams host agree on. */

/** Teams' smallest documented message limit (webhooks, older docs); cards stay under it so they always post. */
export const CARD_BUDGET_BYTES = 28 * 1024;

/** The Action.Execute verb of every button; its `data.command` is the command text to run. */
export const RUN_VERB = 'netops.run';

/**
 * Buttons in a card's action bar, the "More diagnostics" button included. Teams documents the same figure for
 * its mobile and desktop clients: "Primary actions: As a best practice, include 1-3 primary actions. You can
 * have up to six." (Designing Adaptive Cards for your Microsoft Teams app, "Anatomy", Mobile and Desktop:
 * https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/design-effective-cards).
 * Six is the host config's `maxActions` (schemas/hostconfig-teams-*.json); beyond it, and for `mode: secondary`,
 * the renderer draws an overflow "…" menu. Six buttons do not fit one row of a card at 1280 px, and "Button text
 * is always on a single line and is truncated if the text exceeds the button width" (Types of cards, "Buttons":
 * https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/cards-reference). So a
 * card shows at most three, each with a label that fits (fit.ts), and never uses the overflow menu: further
 * follow-ups go in an Action.ShowCard, one button per row.
 */
export const MAX_VISIBLE_ACTIONS = 3;

/** Buttons inside the "More diagnostics" card (one per row); the host config's `maxActions`. */
export const MAX_MORE_ACTIONS = 6;
