import { Flex } from 'antd';
import { DevOutboxCard } from './dev-outbox-card';
import { SelfJoinCard } from './self-join-card';

/** How members join: by scanning the org's QR code, and the codes the development sender recorded. */
export function JoiningPage({ corpId }: { corpId: string }) {
  return (
    <Flex vertical gap="middle">
      <SelfJoinCard corpId={corpId} />
      <DevOutboxCard />
    </Flex>
  );
}
