import type { ChatMessage } from './schemas.ts';

/**
 * The served model's chat template, kept in this one place. The built-in LM has no roles: it was trained on a raw
 * observation followed by a newline. So the message contents are joined by newlines, roles unmarked, and a final
 * newline is where the answer starts. One user message holding an observation therefore renders exactly as the
 * in-process policy's prompt (`lmPromptTokens`), and a system message simply comes first.
 */
export function renderChat(messages: readonly ChatMessage[]): string {
  return `${messages.map(messageText).join('\n')}\n`;
}

function messageText(message: ChatMessage): string {
  const { content } = message;
  if (content === null) return '';
  return typeof content === 'string' ? content : content.map((part) => part.text).join('');
}
