import { languageNames, languages, type Language } from '@moot/protocol/plain';
import { Select } from '../ui/field.tsx';
import { currentLanguage, pickLanguage, t } from './index.ts';

export function LanguagePicker(props: { class?: string }) {
  return (
    <div class={props.class ? `language-picker ${props.class}` : 'language-picker'}>
      <Select label={t('language.label')} value={currentLanguage()} onChange={(e) => void pickLanguage(e.currentTarget.value as Language)}>
        {languages.map((language) => (
          <option key={language} value={language} lang={language}>
            {languageNames[language]}
          </option>
        ))}
      </Select>
    </div>
  );
}
