import { ActionSheet, Toast } from 'antd-mobile';
import { UnorderedListOutline } from 'antd-mobile-icons';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { type AppMenuButton, useAppEvent } from '../work/work.queries';
import { safeHref } from './rich-text';

/**
 * An app's custom menu under its conversation: `click` reports the key to the app, `view` reports the
 * URL and opens it; a button with sub-buttons opens them as a sheet.
 */
export function AppMenu({ agentId, buttons }: { agentId: number; buttons: AppMenuButton[] }) {
  const { t } = useI18n();
  const event = useAppEvent(agentId);
  const [open, setOpen] = useState<AppMenuButton | null>(null);

  const press = (button: AppMenuButton) => {
    if (button.sub_button && button.sub_button.length > 0) {
      setOpen(button);
      return;
    }
    if (button.type === 'view') {
      const url = safeHref(button.url);
      if (!url) return;
      event.mutate({ event: 'view', eventKey: button.url ?? url });
      window.open(url, '_blank', 'noopener');
      return;
    }
    if (button.key) {
      event.mutate(
        { event: 'click', eventKey: button.key },
        { onError: () => Toast.show({ content: t('m.app.eventFailed') }) },
      );
    } else {
      Toast.show({ content: t('m.app.menuUnsupported') });
    }
  };

  return (
    <div className="m-app-menu">
      <UnorderedListOutline className="m-app-menu-icon" />
      {buttons.slice(0, 3).map((button, i) => (
        <button key={i} type="button" className="m-app-menu-button" onClick={() => press(button)}>
          {button.name}
        </button>
      ))}
      <ActionSheet
        visible={open !== null}
        onClose={() => setOpen(null)}
        cancelText={t('common.cancel')}
        actions={(open?.sub_button ?? []).map((sub, i) => ({
          key: i,
          text: sub.name,
          onClick: () => {
            setOpen(null);
            press(sub);
          },
        }))}
      />
    </div>
  );
}
