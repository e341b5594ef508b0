import type { MenuAction, MenuItem } from '@enclave/contracts';
import { ActionSheet, Toast } from 'antd-mobile';
import { UnorderedListOutline } from 'antd-mobile-icons';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { useAppEvent } from '../work/work.queries';
import { safeHref } from './rich-text';

type Group = Extract<MenuItem, { items: MenuAction[] }>;

/**
 * An app's custom menu under its conversation: `click` reports the key to the app, `view` reports the
 * URL and opens it; an entry with sub-items opens them as a sheet.
 */
export function AppMenu({ agentId, items }: { agentId: number; items: MenuItem[] }) {
  const { t } = useI18n();
  const event = useAppEvent(agentId);
  const [open, setOpen] = useState<Group | null>(null);

  const act = (action: MenuAction) => {
    if (action.type === 'view') {
      const url = safeHref(action.url);
      if (!url) return;
      event.mutate({ event: 'view', eventKey: action.url });
      window.open(url, '_blank', 'noopener');
    } else if (action.type === 'click') {
      event.mutate(
        { event: 'click', eventKey: action.key },
        { onError: () => Toast.show({ content: t('m.app.eventFailed') }) },
      );
    } else {
      Toast.show({ content: t('m.app.menuUnsupported') });
    }
  };

  return (
    <div className="m-app-menu">
      <UnorderedListOutline className="m-app-menu-icon" />
      {items.slice(0, 3).map((item, i) => (
        <button
          key={i}
          type="button"
          className="m-app-menu-button"
          data-testid={`app-menu-${i}`}
          onClick={() => ('items' in item ? setOpen(item) : act(item))}
        >
          {item.name}
        </button>
      ))}
      <ActionSheet
        visible={open !== null}
        onClose={() => setOpen(null)}
        cancelText={t('common.cancel')}
        actions={(open?.items ?? []).map((sub, i) => ({
          key: i,
          text: sub.name,
          onClick: () => {
            setOpen(null);
            act(sub);
          },
        }))}
      />
    </div>
  );
}
