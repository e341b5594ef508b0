import { Divider, Flex } from 'antd';
import { AppMessageComposer } from './app-message-composer';
import { AppMessagesList } from './app-messages-list';
import { AppSchedulesList } from './app-schedules-list';

/** Send a message as the app (now or at a set time), and see its scheduled and recent messages. */
export function AppMessagesTab({ agentId }: { agentId: number }) {
  return (
    <Flex vertical gap="small">
      <AppMessageComposer agentId={agentId} />
      <Divider style={{ margin: '8px 0' }} />
      <AppSchedulesList agentId={agentId} />
      <Divider style={{ margin: '8px 0' }} />
      <AppMessagesList agentId={agentId} />
    </Flex>
  );
}
