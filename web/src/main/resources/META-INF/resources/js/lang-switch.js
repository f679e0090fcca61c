// The language switch (docs/I18N.md): one small <select id="lang-switch"> with each language named in itself,
// so it fits a 360 px phone header. Choosing stores the language on the device and, signed in, on the server,
// then reloads the page in it.
import { AUTONYMS, LANGUAGES, chooseLanguage, currentLanguage, t } from './i18n.js';

export function createLanguageSwitch({ api, signedIn = false, current = currentLanguage(), label = t('lang.switch') } = {}) {
  const select = document.createElement('select');
  select.id = 'lang-switch';
  select.className = 'lang-switch';
  select.setAttribute('aria-label', label);
  select.title = label;
  for (const lang of LANGUAGES) {
    const o = document.createElement('option');
    o.value = lang;
    o.lang = lang;
    o.textContent = AUTONYMS[lang];
    o.selected = lang === current;
    select.appendChild(o);
  }
  select.addEventListener('change', () => {
    select.disabled = true;
    chooseLanguage(select.value, { api, signedIn });
  });
  return select;
}
