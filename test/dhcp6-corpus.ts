/**
 * DHCPv6 messages used by the dhcp6-* tests and the fuzz test: one of every message type,
 * realistic client and server exchanges, and relay chains three deep.
 */
import { MsgType, advertise, dhcp6Options, duidLL, duidLLT, informationRequest, relayForward, relayReplyChain, reply, request, solicit, StatusCode, type Dhcp6Message } from '../src/codec/dhcp6/index.js';

export const CLIENT_DUID = duidLLT('02:00:00:00:00:01', 725846400);
export const SERVER_DUID = duidLL('02:00:00:00:00:fe');

export const SOLICIT = solicit({ clientId: CLIENT_DUID, transactionId: 0x1a2b3c, iaNa: { iaid: 1 }, iaPd: { iaid: 2 }, rapidCommit: true, elapsedTime: 0 });

export const ADVERTISE = advertise(SOLICIT, {
	serverId: SERVER_DUID,
	preference: 255,
	iaNa: [{ iaid: 1, t1: 1000, t2: 2000, addresses: [{ address: '2001:db8:1::1:5', preferredLifetime: 3000, validLifetime: 4000 }] }],
	iaPd: [{ iaid: 2, t1: 1000, t2: 2000, prefixes: [{ prefix: '2001:db8:8000::', prefixLength: 56, preferredLifetime: 3000, validLifetime: 4000 }] }],
	dnsServers: ['2001:db8:1::53', '2001:db8:1::54'],
	options: [dhcp6Options.parseOption('domain-search=lab.dhcpulse.test.')],
});

export const REQUEST = request(ADVERTISE, { transactionId: 0x000102 });

export const REPLY_NO_ADDRS = reply(REQUEST, {
	serverId: SERVER_DUID,
	iaNa: [{ iaid: 1, status: { code: StatusCode.NoAddrsAvail, message: 'No addresses available in this link' } }],
	iaPd: [{ iaid: 2, t1: 1000, t2: 2000, prefixes: [{ prefix: '2001:db8:8000::', prefixLength: 56, preferredLifetime: 3000, validLifetime: 4000 }] }],
});

const forwarded = relayForward(
	relayForward(relayForward(SOLICIT, { linkAddress: '2001:db8:2::2', peerAddress: 'fe80::1', interfaceId: 'eth0' }), { linkAddress: '::', peerAddress: '2001:db8:2::2', interfaceId: 'ge-0/0/1' }),
	{
		linkAddress: '2001:db8:3::1',
		peerAddress: '2001:db8:3::2',
		options: [dhcp6Options.parseOption('remote-id=enterprise=3561, remote-id=01 02 03')],
	},
);

/** SOLICIT inside three RELAY-FORW wrappers. */
export const RELAY_FORW_3 = forwarded;
/** ADVERTISE inside the matching three RELAY-REPL wrappers. */
export const RELAY_REPL_3 = relayReplyChain(forwarded, ADVERTISE);

function simple(msgType: number, transactionId: number, options: string[]): Dhcp6Message {
	return { msgType, transactionId, options: options.map((o) => dhcp6Options.parseOption(o)) };
}

const CLIENT = 'clientid=type=LLT, htype=1, time=725846400, lladdr=02:00:00:00:00:01';
const SERVER = 'serverid=type=LL, htype=1, lladdr=02:00:00:00:00:fe';
const IA = 'ia-na=iaid=1, t1=0, t2=0, options=[iaaddr=[address=2001:db8:1::1:5, preferred-lifetime=0, valid-lifetime=0]]';

/** One message of every type (client/server types 1–11 and 14–21, relays 12–13), plus unknown types. */
export const EVERY_TYPE: Record<string, Dhcp6Message> = {
	SOLICIT,
	ADVERTISE,
	REQUEST,
	CONFIRM: simple(MsgType.CONFIRM, 4, [CLIENT, 'elapsed-time=0', IA]),
	RENEW: simple(MsgType.RENEW, 5, [CLIENT, SERVER, 'elapsed-time=0', 'oro=23, 24', IA]),
	REBIND: simple(MsgType.REBIND, 6, [CLIENT, 'elapsed-time=100', IA]),
	REPLY: REPLY_NO_ADDRS,
	RELEASE: simple(MsgType.RELEASE, 8, [CLIENT, SERVER, 'elapsed-time=0', IA]),
	DECLINE: simple(MsgType.DECLINE, 9, [CLIENT, SERVER, 'elapsed-time=0', IA]),
	RECONFIGURE: simple(MsgType.RECONFIGURE, 0, [SERVER, CLIENT, 'reconf-msg=RENEW', 'auth=protocol=3, algorithm=1, rdm=0, replay-detection=00 00 00 00 00 00 00 01, auth-info=01 02']),
	'INFORMATION-REQUEST': informationRequest({ clientId: CLIENT_DUID, transactionId: 11, oro: ['dns-servers', 'domain-search', 'information-refresh-time'] }),
	'RELAY-FORW': RELAY_FORW_3,
	'RELAY-REPL': RELAY_REPL_3,
	LEASEQUERY: simple(MsgType.LEASEQUERY, 14, [CLIENT, 'lq-query=query-type=QUERY_BY_ADDRESS, link-address=2001:db8:1::, options=[iaaddr=[address=2001:db8:1::1:5, preferred-lifetime=0, valid-lifetime=0]]']),
	'LEASEQUERY-REPLY': simple(MsgType.LEASEQUERY_REPLY, 14, [
		SERVER,
		CLIENT,
		'client-data=clientid=[type=LL, htype=1, lladdr=02:00:00:00:00:03], iaaddr=[address=2001:db8:1::1:5, preferred-lifetime=3000, valid-lifetime=4000], clt-time=600',
		'lq-client-link=2001:db8:1::',
	]),
	'LEASEQUERY-DONE': simple(MsgType.LEASEQUERY_DONE, 16, [SERVER, 'status-code=status-code=Success, status-message=done']),
	'LEASEQUERY-DATA': simple(MsgType.LEASEQUERY_DATA, 16, ['client-data=clt-time=10']),
	'RECONFIGURE-REQUEST': simple(MsgType.RECONFIGURE_REQUEST, 18, [SERVER]),
	'DHCPV4-QUERY': simple(MsgType.DHCPV4_QUERY, 20, [CLIENT, '87[hex]=01 01 06 00']),
	// RFC 7341: a DHCPv4 OFFER carried whole in the DHCPv4 Message option.
	'DHCPV4-RESPONSE': simple(MsgType.DHCPV4_RESPONSE, 21, [
		SERVER,
		'dhcpv4-message=op=BOOTREPLY, htype=1, hlen=6, hops=0, xid=0x00abcdef, secs=0, flags=0x0000, ciaddr=0.0.0.0, yiaddr=192.0.2.10, siaddr=0.0.0.0, giaddr=0.0.0.0, chaddr=02:00:00:00:00:01, sname="", file="", min-length=300, options=[dhcp-message-type=offer, dhcp-server-identifier=192.0.2.1, dhcp-lease-time=4000, dhcp-agent-options=[circuit-id=eth0]]',
	]),
	// RFC 7598 softwire containers and CableLabs vendor-opts, each holding options of its own space.
	'REPLY (softwire, CableLabs)': simple(MsgType.REPLY, 22, [
		CLIENT,
		SERVER,
		's46-cont-mape=s46-rule=[flags=1, ea-length=16, prefix4-length=24, ipv4-prefix=192.0.2.0, ipv6-prefix=2001:db8::/40, options=[s46-portparams=[offset=6, psid-length=8, psid=0x3400]]], s46-br=2001:db8::1',
		's46-cont-mapt=s46-rule=[flags=0, ea-length=8, prefix4-length=24, ipv4-prefix=198.51.100.0, ipv6-prefix=2001:db8:100::/48], s46-dmr=64:ff9b::/96',
		's46-cont-lw=s46-br=2001:db8::1, s46-v4v6bind=[ipv4-address=192.0.2.2, bind-ipv6-prefix=2001:db8:96::/64, options=[s46-portparams=[offset=0, psid-length=4, psid=0x1000]]]',
		'vendor-opts=enterprise=4491, options=[oro=[32, 33], tftp-servers=2001:db8::69, config-file=cm.cfg]',
	]),
	'unknown type 99': simple(99, 0xffffff, ['999[hex]=00', CLIENT]),
	'unknown type 0, no options': simple(0, 0, []),
};
