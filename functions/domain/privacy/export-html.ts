import type { PrivacyExport } from '../../../schemas/privacy';

const escapeHtml = (value: unknown): string =>
  String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

const cell = (value: unknown) =>
  `<td>${escapeHtml(typeof value === 'object' && value !== null ? JSON.stringify(value) : value)}</td>`;

/** A table of objects: one column per key any row has, in first-seen order. */
function table(rows: readonly Record<string, unknown>[], empty = 'None.'): string {
  if (rows.length === 0) return `<p class="none">${escapeHtml(empty)}</p>`;
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const head = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = rows.map((row) => `<tr>${columns.map((c) => cell(row[c])).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** One record as a two-column table of its fields. */
const fields = (record: Record<string, unknown>) =>
  `<table class="fields"><tbody>${Object.entries(record)
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th>${cell(v)}</tr>`)
    .join('')}</tbody></table>`;

const section = (title: string, content: string) =>
  `<section><h2>${escapeHtml(title)}</h2>\n${content}</section>`;

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;color:#222;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}h3{font-size:1rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}th,td{border:1px solid #ddd;padding:.25rem .5rem;
text-align:left;vertical-align:top;word-break:break-word}th{background:#f4f4f4}.none{color:#777}
.meta{color:#555}ul.notes li{margin:.3rem 0}`;

/**
 * The export as one self-contained, readable page (for the guest or the DPO to read): the same
 * content as the JSON document, section by section. Every value is escaped.
 */
export function renderExportHtml(doc: PrivacyExport): string {
  const tickets = doc.tickets
    .map(
      ({ ticket, messages }) =>
        `<h3>Ticket ${escapeHtml(ticket.number)}</h3>\n${fields({
          status: ticket.status,
          channel: ticket.channel,
          basket: ticket.basket,
          topics: ticket.topics.join(', '),
          openedAt: ticket.openedAt,
          resolvedAt: ticket.resolvedAt,
          closedAt: ticket.closedAt,
          complaint: ticket.complaint,
          rootCause: ticket.rootCause,
          compensation: ticket.compensation,
          csat: ticket.csat?.score,
        })}\n${table(
          messages.map((m) => ({
            at: m.at,
            direction: m.direction,
            author: m.author,
            type: m.type,
            text: m.text,
            delivery: m.delivery?.status,
          })),
          'No messages.',
        )}`,
    )
    .join('\n');
  const surveys = doc.surveys
    .map(
      ({ survey, messages }) =>
        `<h3>Survey ${escapeHtml(survey.surveyId)}</h3>\n${fields({
          reservationId: survey.reservationId,
          status: survey.status,
          scheduledFor: survey.scheduledFor,
          sentVia: survey.sentVia,
          score: survey.score,
          answeredAt: survey.answeredAt,
        })}\n${table(
          messages.map((m) => ({ at: m.at, direction: m.direction, channel: m.channel, text: m.text })),
          'No messages.',
        )}`,
    )
    .join('\n');
  const webchat = doc.webchatSessions
    .map(
      (s) =>
        `<h3>Web chat ${escapeHtml(s.createdAt)}</h3>\n${fields({ ...s.visitor, expiresAt: s.expiresAt })}\n${table(
          s.messages,
          'No messages.',
        )}`,
    )
    .join('\n');
  const lake = Object.entries(doc.lake)
    .map(([name, rows]) => `<h3>${escapeHtml(name)}</h3>\n${table(rows)}`)
    .join('\n');

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(`Personal data held by ${doc.hotel.name}`)}</title>
<style>${STYLE}</style></head><body>
<h1>${escapeHtml(`Personal data held by ${doc.hotel.name}`)}</h1>
<p class="meta">Request ${escapeHtml(doc.requestId)}, generated ${escapeHtml(doc.generatedAt)}; found by ${escapeHtml(doc.subject.kind)}.</p>
${section(
  'Guest profile and identities',
  doc.guests
    .map(
      (g) =>
        `${fields({ guestId: g.guestId, ...g.profile, phoneNumbers: g.phoneNumbers.join(', ') })}\n${table(g.identities, 'No channel identities.')}`,
    )
    .join('\n') || '<p class="none">Nothing is held about this person.</p>',
)}
${section('Consent decisions', table(doc.guests.flatMap((g) => g.consent)))}
${section('Tickets and messages', tickets || '<p class="none">None.</p>')}
${section('Stays (from the hotel’s PMS)', table(doc.departures.map((d) => ({ receivedAt: d.receivedAt, ...d.departure }))))}
${section('Surveys', surveys || '<p class="none">None.</p>')}
${section('Web chat', webchat || '<p class="none">None.</p>')}
${section('E-mails and SMS sent', table(doc.outbox))}
${section('Raw webhook archive objects', table(doc.rawArchive.map((key) => ({ key }))))}
${section('KPI lake (pseudonymous)', lake)}
${section('Notes', `<ul class="notes">${doc.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`)}
</body></html>
`;
}
