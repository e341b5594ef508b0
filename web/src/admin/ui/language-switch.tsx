import { Segmented } from 'antd';
import { useI18n, type Locale } from '../../i18n/i18n-context';

const options: { label: string; value: Locale }[] = [
  { label: '中文', value: 'zh' },
  { label: 'EN', value: 'en' },
];

/** Switches the console language; the choice is kept in localStorage (see i18n-context). */
export function LanguageSwitch() {
  const { locale, setLocale } = useI18n();
  return (
    <Segmented<Locale>
      data-testid="language-switch"
      size="small"
      options={options}
      value={locale}
      onChange={(value) => setLocale(value)}
    />
  );
}
