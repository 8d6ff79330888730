// Port: post a message to a chat group through its robot webhook (issue 21): WeCom (企业微信) and DingTalk
// (钉钉) group robots. Adapter: lib/adapters/notify/webhook-robots.ts. A failure throws MailDeliveryError
// (retryable for throttling, timeouts, 5xx); its message never contains the webhook URL or the secret.
import type { NotifyChannel } from './notify-store';

export type RobotChannel = Extract<NotifyChannel, { kind: 'wecom' | 'dingtalk' }>;

export interface RobotMessage {
  title: string;
  markdown: string;
}

export interface GroupRobots {
  send(channel: RobotChannel, message: RobotMessage): Promise<void>;
}
