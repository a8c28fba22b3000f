import type { ComplaintFields } from '../../schemas/ticket';

/** The guest languages hotel-inbox serves. */
export const LANGUAGES = ['tr', 'en', 'de', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

export type Category = 'sales' | 'support' | 'complaint';

type InLanguages = Readonly<Record<Language, readonly string[]>>;

/** What a guest writes about, with what an agent answers and, for complaints, how it is closed. */
export interface Topic {
  id: string;
  category: Category;
  /** First messages (a few wordings per language). */
  opening: InLanguages;
  /** What the guest adds before anyone answered. */
  addition: InLanguages;
  /** The agent's free-text answer (sales and complaints answer with templates instead). */
  answer?: InLanguages;
  /** A complaint's closing fields and the root causes it may have. */
  complaint?: ComplaintFields;
  rootCauses?: readonly string[];
}

export const TOPICS: readonly Topic[] = [
  {
    id: 'room-price',
    category: 'sales',
    opening: {
      tr: [
        'Merhaba, 12-17 Temmuz arası 2 yetişkin için oda fiyatı nedir?',
        'İyi günler, ağustosta 5 gece için deniz manzaralı oda müsait mi, fiyat alabilir miyim?',
        'Fiyat alabilir miyim? 2 yetişkin 1 çocuk, 7 gece her şey dahil.',
      ],
      en: [
        'Hi, what is the price of a double room for 5 nights in July?',
        'Hello, do you have availability for 2 adults from 12 to 17 August? How much is it?',
        'What is the price of a sea view room for 4 nights in June?',
      ],
      de: [
        'Hallo, was kostet ein Doppelzimmer für 7 Nächte im Juli?',
        'Guten Tag, haben Sie vom 10. bis 17. August ein Familienzimmer frei? Was kostet das?',
        'Was kostet ein Zimmer mit Meerblick für 4 Nächte im Juni?',
      ],
      ru: [
        'Здравствуйте, сколько стоит номер на двоих на 7 ночей в июле?',
        'Добрый день, есть свободные номера с 10 по 17 августа? Какая цена?',
        'Сколько стоит семейный номер на 4 ночи в июне?',
      ],
    },
    addition: {
      tr: ['Çocuk 6 yaşında.', 'Erken rezervasyon indirimi var mı?'],
      en: ['Our child is 6 years old.', 'Is there an early booking discount?'],
      de: ['Unser Kind ist 6 Jahre alt.', 'Gibt es einen Frühbucherrabatt?'],
      ru: ['Ребёнку 6 лет.', 'Есть ли скидка за раннее бронирование?'],
    },
  },
  {
    id: 'honeymoon-package',
    category: 'sales',
    opening: {
      tr: ['Balayı paketiniz var mı? Eylülde 4 gece düşünüyoruz, fiyat nedir?'],
      en: ['Do you have a honeymoon package? We are thinking of 4 nights in September, what is the price?'],
      de: ['Haben Sie ein Flitterwochen-Paket? Wir denken an 4 Nächte im September, was kostet das?'],
      ru: ['У вас есть пакет для молодожёнов? Планируем 4 ночи в сентябре, какая цена?'],
    },
    addition: {
      tr: ['Odada şampanya mümkün mü?'],
      en: ['Could there be champagne in the room?'],
      de: ['Wäre Champagner im Zimmer möglich?'],
      ru: ['Можно шампанское в номер?'],
    },
  },
  {
    id: 'transfer-price',
    category: 'sales',
    opening: {
      tr: ['Havalimanından otele transfer ücreti ne kadar? Rezervasyon yapmak istiyoruz.'],
      en: ['How much is the transfer from Antalya airport? We would like to book.'],
      de: ['Was kostet der Transfer vom Flughafen Antalya? Wir möchten buchen.'],
      ru: ['Сколько стоит трансфер из аэропорта Анталии? Хотим забронировать.'],
    },
    addition: {
      tr: ['4 kişiyiz.'],
      en: ['We are 4 people.'],
      de: ['Wir sind 4 Personen.'],
      ru: ['Нас 4 человека.'],
    },
  },
  {
    id: 'towels',
    category: 'support',
    opening: {
      tr: ['Merhaba, odaya iki havlu daha getirebilir misiniz? Oda 2114.'],
      en: ['Hello, could we have two more towels in room 2114 please?'],
      de: ['Hallo, könnten wir bitte zwei zusätzliche Handtücher in Zimmer 2114 bekommen?'],
      ru: ['Здравствуйте, можно ещё два полотенца в номер 2114?'],
    },
    addition: {
      tr: ['Havuz havlusu da olursa iyi olur.'],
      en: ['Pool towels would be great too.'],
      de: ['Poolhandtücher wären auch gut.'],
      ru: ['И полотенца для бассейна, пожалуйста.'],
    },
    answer: {
      tr: ['Kat hizmetleri 15 dakika içinde havlularınızı getirecek.'],
      en: ['Housekeeping will bring your towels within 15 minutes.'],
      de: ['Der Zimmerservice bringt Ihnen die Handtücher in 15 Minuten.'],
      ru: ['Горничная принесёт полотенца в течение 15 минут.'],
    },
  },
  {
    id: 'wifi',
    category: 'support',
    opening: {
      tr: ['Wifi şifresi nedir?'],
      en: ['What is the wifi password?'],
      de: ['Wie ist das WLAN-Passwort?'],
      ru: ['Какой пароль от wifi?'],
    },
    addition: {
      tr: ['Odada internet çekmiyor.'],
      en: ['The signal in our room is weak.'],
      de: ['Im Zimmer ist das Signal schwach.'],
      ru: ['В номере слабый сигнал.'],
    },
    answer: {
      tr: ['Ağ adı AURORA-GUEST, şifre oda numaranız ve soyadınız.'],
      en: ['The network is AURORA-GUEST; the password is your room number and surname.'],
      de: ['Das Netz heißt AURORA-GUEST, das Passwort ist Ihre Zimmernummer und Ihr Nachname.'],
      ru: ['Сеть AURORA-GUEST, пароль: номер комнаты и ваша фамилия.'],
    },
  },
  {
    id: 'late-check-out',
    category: 'support',
    opening: {
      tr: ['Yarın geç çıkış yapabilir miyiz? Uçağımız akşam 19:00.'],
      en: ['Can we have a late check-out tomorrow? Our flight is at 7 pm.'],
      de: ['Ist morgen ein später Check-out möglich? Unser Flug geht um 19 Uhr.'],
      ru: ['Можно завтра поздний выезд? У нас рейс в 19:00.'],
    },
    addition: {
      tr: ['Oda 3207.'],
      en: ['Room 3207.'],
      de: ['Zimmer 3207.'],
      ru: ['Номер 3207.'],
    },
    answer: {
      tr: ['Odanızı 16:00’ya kadar kullanabilirsiniz, resepsiyon kaydınızı güncelledi.'],
      en: ['You can keep your room until 4 pm; reception has updated your booking.'],
      de: ['Sie können das Zimmer bis 16 Uhr behalten, die Rezeption hat es vermerkt.'],
      ru: ['Вы можете оставаться в номере до 16:00, ресепшен всё отметил.'],
    },
  },
  {
    id: 'spa-hours',
    category: 'support',
    opening: {
      tr: ['Spa kaçta açılıyor?'],
      en: ['What time does the spa open?'],
      de: ['Wann öffnet das Spa?'],
      ru: ['Во сколько открывается спа?'],
    },
    addition: {
      tr: ['Hamam da dahil mi?'],
      en: ['Is the hammam included?'],
      de: ['Ist das Hamam inklusive?'],
      ru: ['Хаммам входит?'],
    },
    answer: {
      tr: ['Spa her gün 09:00–20:00 arası açık, hamam ücretsiz.'],
      en: ['The spa is open daily 9 am to 8 pm, and the hammam is free.'],
      de: ['Das Spa ist täglich von 9 bis 20 Uhr geöffnet, das Hamam ist kostenlos.'],
      ru: ['Спа работает ежедневно с 9:00 до 20:00, хаммам бесплатный.'],
    },
  },
  {
    id: 'air-conditioning',
    category: 'complaint',
    opening: {
      tr: ['Klima çalışmıyor, oda çok sıcak! Dün geceden beri uyuyamadık.'],
      en: ['The air conditioning is broken and the room is too hot, we could not sleep!'],
      de: ['Die Klimaanlage ist kaputt, das Zimmer ist viel zu heiß, wir konnten nicht schlafen!'],
      ru: ['Кондиционер не работает, в номере очень жарко, мы не спали всю ночь!'],
    },
    addition: {
      tr: ['Resepsiyonu iki kez aradık, kimse gelmedi.'],
      en: ['We called reception twice and nobody came.'],
      de: ['Wir haben zweimal die Rezeption angerufen, niemand kam.'],
      ru: ['Мы дважды звонили на ресепшен, никто не пришёл.'],
    },
    complaint: {
      event: 'Air conditioning broken in the room',
      impact: 'The guests could not sleep',
      expectation: 'A working AC tonight or another room',
    },
    rootCauses: ['maintenance backlog', 'preventive maintenance skipped', 'spare part out of stock'],
  },
  {
    id: 'noise',
    category: 'complaint',
    opening: {
      tr: ['Yan odadan gece 2’ye kadar gürültü geldi, çok rahatsız olduk. Şikayetçiyiz.'],
      en: ['Terrible noise from the next room until 2 am, this is unacceptable.'],
      de: ['Bis 2 Uhr nachts Lärm aus dem Nachbarzimmer, das ist inakzeptabel. Ich möchte mich beschweren.'],
      ru: ['Ужасный шум из соседнего номера до 2 ночи, это недопустимо. Хочу пожаловаться.'],
    },
    addition: {
      tr: ['Çocuklarımız uyuyamadı.'],
      en: ['Our kids could not sleep.'],
      de: ['Unsere Kinder konnten nicht schlafen.'],
      ru: ['Наши дети не могли уснуть.'],
    },
    complaint: {
      event: 'Noise from a neighbouring room until 2 am',
      impact: 'A sleepless night for the family',
      expectation: 'A quiet room and an apology',
    },
    rootCauses: ['quiet hours not enforced by security', 'late-night event near the building'],
  },
  {
    id: 'dirty-room',
    category: 'complaint',
    opening: {
      tr: ['Odamız çok kirli, banyo temizlenmemiş. Berbat!'],
      en: ['Our room is dirty and the bathroom was not cleaned. Very disappointed.'],
      de: ['Unser Zimmer ist schmutzig, das Bad wurde nicht geputzt. Sehr enttäuscht.'],
      ru: ['Номер грязный, ванную не убрали. Очень разочарованы.'],
    },
    addition: {
      tr: ['Fotoğraf da gönderebilirim.'],
      en: ['I can send photos.'],
      de: ['Ich kann Fotos schicken.'],
      ru: ['Могу прислать фото.'],
    },
    complaint: {
      event: 'Room and bathroom not cleaned',
      impact: 'The guests felt the stay was spoiled',
      expectation: 'A thorough cleaning today',
    },
    rootCauses: ['housekeeping understaffed at peak', 'room skipped on the cleaning list', 'training gap'],
  },
];

/** A guest's reply after the hotel answered. */
export const GUEST_FOLLOW_UPS: InLanguages = {
  tr: ['Teşekkürler! Kahvaltı kaçta başlıyor?', 'Çok teşekkür ederim, anladım.'],
  en: ['Thank you! What time does breakfast start?', 'Thanks a lot, got it.'],
  de: ['Danke! Ab wann gibt es Frühstück?', 'Vielen Dank, verstanden.'],
  ru: ['Спасибо! Во сколько начинается завтрак?', 'Большое спасибо, понятно.'],
};

/** The agent's answer to that. */
export const AGENT_FOLLOW_UPS: InLanguages = {
  tr: ['Rica ederiz! Kahvaltı 07:00–10:30 arası ana restoranda.'],
  en: ['You are welcome! Breakfast is 7 to 10:30 am in the main restaurant.'],
  de: ['Gern geschehen! Frühstück gibt es von 7 bis 10:30 Uhr im Hauptrestaurant.'],
  ru: ['Пожалуйста! Завтрак с 7:00 до 10:30 в главном ресторане.'],
};

export const GUEST_NAMES: InLanguages = {
  tr: ['Ayşe Yılmaz', 'Mehmet Kaya', 'Elif Demir', 'Can Öztürk', 'Zeynep Arslan', 'Emre Çelik'],
  en: ['Emma Smith', 'James Brown', 'Olivia Taylor', 'Harry Wilson', 'Sophie Green'],
  de: ['Anna Müller', 'Lukas Schmidt', 'Sophie Weber', 'Jonas Fischer', 'Lea Wagner'],
  ru: ['Olga Ivanova', 'Dmitry Petrov', 'Anna Smirnova', 'Sergey Volkov', 'Irina Popova'],
};

/** Where a guest of each language usually comes from, and their phone's country code. */
export const MARKETS: Readonly<Record<Language, { market: string; countryCode: string; mobile: string }>> = {
  tr: { market: 'TR', countryCode: '90', mobile: '53' },
  en: { market: 'GB', countryCode: '44', mobile: '77' },
  de: { market: 'DE', countryCode: '49', mobile: '15' },
  ru: { market: 'RU', countryCode: '7', mobile: '91' },
};

export const LOST_REASONS = [
  'price',
  'dates not available',
  'booked another hotel',
  'no answer from the guest',
  'travel plans cancelled',
] as const;

export const ROOM_TYPES = ['Standard Room', 'Deluxe Sea View', 'Family Suite', 'Garden Villa'] as const;

/** NPS answers as guests type them: mostly a digit, sometimes words the intake reads too. */
export const NPS_WORDS: Readonly<Record<Language, Readonly<Record<number, string>>>> = {
  tr: { 8: '8 puan', 9: '9 puan', 10: '10/10' },
  en: { 10: '10/10' },
  de: { 9: 'neun', 10: '10/10' },
  ru: { 9: 'девять', 10: '10/10' },
};
