import { Divider, Flex } from 'antd';
import { AppMessageComposer } from './app-message-composer';
import { AppMessagesList } from './app-messages-list';

/** Send a message as the app, and see its recent messages with read counts. */
export function AppMessagesTab({ agentId }: { agentId: number }) {
  return (
    <Flex vertical gap="small">
      <AppMessageComposer agentId={agentId} />
      <Divider style={{ margin: '8px 0' }} />
      <AppMessagesList agentId={agentId} />
    </Flex>
  );
}
