/** Outgoing activity shapes: a card message and an invoke response carrying a card or an error. */
import type { Activity, InvokeResponse } from 'botbuilder';
import type { RenderedCard } from '../render/card.ts';

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
export const INVOKE_ERROR = 'application/vnd.microsoft.error';
export const INVOKE_MESSAGE = 'application/vnd.microsoft.activity.message';

export function cardActivity(rendered: RenderedCard): Partial<Activity> {
  return {
    type: 'message',
    attachments: [{ contentType: ADAPTIVE_CARD, content: rendered.card }],
    // Shown in notifications and activity feeds where the card itself is not.
    summary: rendered.fallbackText.slice(0, 250),
  };
}

export function invokeCard(rendered: RenderedCard): InvokeResponse {
  return { status: 200, body: { statusCode: 200, type: ADAPTIVE_CARD, value: rendered.card } };
}

/** An invoke answer that leaves the clicked card as it is and shows the clicker a short message. */
export function invokeMessage(text: string): InvokeResponse {
  return { status: 200, body: { statusCode: 200, type: INVOKE_MESSAGE, value: text } };
}

export function invokeError(status: number, code: string, message: string): InvokeResponse {
  return { status, body: { statusCode: status, type: INVOKE_ERROR, value: { code, message } } };
}
