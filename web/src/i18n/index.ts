// Simplified Chinese by default, English on request (remembered on this device). Every label and
// enum the pages show comes from here; dates and times are shown in Asia/Shanghai (src/format.ts).
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import { en as casesEn, zh as casesZh } from "../cases/messages";
import { en as dashboardEn, zh as dashboardZh } from "../dashboard/messages";
import { en as notificationsEn, zh as notificationsZh } from "../notifications/messages";
import { en as partnerEn, zh as partnerZh } from "../partner/messages";
import { en as staffEn, zh as staffZh } from "../staff/messages";
import { en as commonEn, zh as commonZh } from "./common";

export const LANGUAGES = ["zh", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
const LANGUAGE_KEY = "grassroots.language";

const resources = {
  zh: {
    translation: {
      ...commonZh,
      dashboard: dashboardZh,
      cases: casesZh,
      staff: staffZh,
      partner: partnerZh,
      notifications: notificationsZh,
    },
  },
  en: {
    translation: {
      ...commonEn,
      dashboard: dashboardEn,
      cases: casesEn,
      staff: staffEn,
      partner: partnerEn,
      notifications: notificationsEn,
    },
  },
};

function savedLanguage(): Language {
  const saved = localStorage.getItem(LANGUAGE_KEY);
  return saved === "en" ? "en" : "zh";
}

void i18next.use(initReactI18next).init({
  resources,
  lng: savedLanguage(),
  fallbackLng: "zh",
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18next.language === "en" ? "en" : "zh-CN";

export function switchLanguage(language: Language) {
  localStorage.setItem(LANGUAGE_KEY, language);
  document.documentElement.lang = language === "en" ? "en" : "zh-CN";
  void i18next.changeLanguage(language);
}

export default i18next;
