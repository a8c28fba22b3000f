import type { MessageContent } from '../../../schemas/events';
import { tokenize } from '../triage/normalize-text';
import { textOf } from './message-text';

/**
 * Words of a bare acknowledgement in the four guest languages, folded as triage folds them
 * (lower case, no diacritics, Turkish i's as `i`, `ё` as `е`, `й` as `и`).
 */
const ACKNOWLEDGEMENT_WORDS = new Set(
  [
    'tesekkurler tesekkur tesekkurlar ederim ederiz cok sagolun sagol sagolunuz tamam tamamdir evet',
    'cozuldu harika super mukemmel iyi her sey herseyi gayet oldu kolay gelsin rica',
    'thanks thank you thx ty many much very ok okay yes great fine perfect all good solved cheers',
    'sorted now is it works brilliant lovely',
    'danke vielen dank schon sehr ja gut alles perfekt prima klasse erledigt passt bestens toll',
    'спасибо большое огромное да хорошо отлично ок все в порядке супер прекрасно благодарю решено спс',
  ].flatMap((line) => line.split(' ')),
);

/** A reply of a few words, as a guest thanks or confirms, not a new request. */
const MAX_ACKNOWLEDGEMENT_WORDS = 8;

/**
 * Whether a guest message only acknowledges ("Teşekkürler!", "ok 👍", "Danke, alles gut", a
 * reaction): after a resolution such a reply joins the ticket without reopening it, as guests often
 * answer a closing message with thanks. Anything with a word outside the list is a new request.
 */
export function isAcknowledgement(content: MessageContent): boolean {
  if (content.type === 'reaction') return true;
  if (content.type !== 'text') return false;
  const tokens = tokenize(textOf(content) ?? '');
  const words = tokens.filter((token) => token.kind === 'word');
  if (tokens.length === 0 || words.length > MAX_ACKNOWLEDGEMENT_WORDS) return false;
  return tokens.every(
    (token) => token.kind === 'emoji' || (token.kind === 'word' && ACKNOWLEDGEMENT_WORDS.has(token.folded)),
  );
}
