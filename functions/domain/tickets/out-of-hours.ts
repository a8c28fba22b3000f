import type { Language } from '../../../schemas/triage';

const LOCALES = { tr: 'tr-TR', en: 'en-GB', de: 'de-DE', ru: 'ru-RU' } as const;

const GREETINGS: Record<keyof typeof LOCALES, (opensAt: string) => string> = {
  tr: (at) =>
    `Merhaba, mesajınız için teşekkürler! Ekibimiz şu an mesai dışında; ${at} itibarıyla size dönüş yapacağız.`,
  en: (at) =>
    `Hello, thank you for your message! Our team is out of office right now; we will get back to you from ${at}.`,
  de: (at) =>
    `Hallo, vielen Dank für Ihre Nachricht! Unser Team ist gerade nicht im Dienst; wir melden uns ab ${at} bei Ihnen.`,
  ru: (at) => `Здравствуйте, спасибо за сообщение! Сейчас наша команда не на связи; мы ответим вам с ${at}.`,
};

/**
 * Seed 000 (web-chat FAQ): a message out of hours gets an automatic greeting that says when
 * the team answers, in the guest's language and the hotel's local time.
 */
export function outOfHoursGreeting(language: Language, opensAt: Date, timeZone: string): string {
  const lang = language === 'unknown' ? 'en' : language;
  const when = new Intl.DateTimeFormat(LOCALES[lang], {
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(opensAt);
  return GREETINGS[lang](when);
}
