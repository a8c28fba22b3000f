import type { TicketMessage } from '../../../schemas/ticket';
import type { TriageResult } from '../../../schemas/triage';
import type { RawArchiveRetagger } from '../ports';
import { maskCardNumbers } from './card-numbers';
import type { SensitiveTextCipher } from './sensitive-text-cipher';
import { type DetectionOptions, detectSensitiveData, type SensitiveDataDetector } from './special-category';

/** What the intake needs to keep a guest's sensitive words from everyone without the grant. */
export interface SensitiveIntakePorts {
  /** Seals the original text with the sensitive-data key, for its hotel only. */
  cipher: Pick<SensitiveTextCipher, 'encrypt'>;
  /**
   * The triage of a text about to be withheld, with the hotel's lexicon. Decided here, where the
   * words still are, so that the workflow never needs the key: it reads this result instead.
   */
  triage(tenantId: string, text: string): Promise<TriageResult>;
  /**
   * Shortens how long the raw archive keeps the webhook body a flagged message arrived in
   * (`SENSITIVE_RAW_BODY_DAYS`): the body holds the words as received. Left out where there is
   * no archive (tools, tests of the sealing alone).
   */
  rawArchive?: RawArchiveRetagger;
}

/**
 * A guest message as it may be stored and shown. When its text (or the caption of a photo or file
 * the guest says is an ID or a card) carries special-category data, an identity document or a
 * payment card number, it gets `sensitive` with the categories and the original text goes into
 * `sealedText`; what stays readable is
 * - nothing, when anything beside a card number was found (`text` is withheld), with the triage
 *   of the withheld text in `sensitive.triage`;
 * - the text with its card numbers masked ("•••• •••• •••• 1111"), when a card is all it carries.
 *
 * Without the ports (tools, the benchmark) the original is not kept at all: a flagged text is
 * never stored readable. The finding holds categories and counts only, so nothing of the words
 * reaches the ticket, the logs or the KPI lake through it.
 */
export async function protectMessageText(
  ports: SensitiveIntakePorts | undefined,
  tenantId: string,
  message: TicketMessage,
  attachment?: DetectionOptions['attachment'],
  detect: SensitiveDataDetector = detectSensitiveData,
): Promise<TicketMessage> {
  const { text, ...rest } = message;
  if (text === undefined) return message;
  const finding = detect(text, attachment ? { attachment } : {});
  if (!finding.flagged) return message;
  const withheld = finding.categories.some((category) => category !== 'payment-card');
  const sealedText = await ports?.cipher.encrypt(tenantId, text);
  const triage = withheld ? await ports?.triage(tenantId, text) : undefined;
  return {
    ...rest,
    ...(!withheld && { text: maskCardNumbers(text) }),
    sensitive: { categories: finding.categories, ...(triage && { triage }) },
    ...(sealedText !== undefined && { sealedText }),
  };
}

/** The kind of file a message came with, as the detector weighs a caption ("my passport"). */
export function attachmentOf(type: string): DetectionOptions['attachment'] {
  if (type === 'image' || type === 'video') return 'image';
  if (type === 'document') return 'document';
  return undefined;
}
