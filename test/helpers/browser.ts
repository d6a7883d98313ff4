/**
 * Opens an HTML page in Debian's headless Chromium (playwright-core drives it; no browser is
 * downloaded) and reports what a reader would see: every uPlot chart the page drew, the console
 * errors, and any request that left the file. Chromium's own network chatter is switched off,
 * and each launch gets a fresh profile.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export interface ChartSeen {
	id: string;
	/** Non-null values per series (the x series left out). */
	points: number[];
	canvas: { width: number; height: number };
	/** Pixels of the plot's canvas something was drawn on. */
	inked: number;
}

export interface PageSeen {
	charts: ChartSeen[];
	consoleErrors: string[];
	/** Every request the page made other than for its own file. */
	requests: string[];
	title: string;
}

export async function openReport(file: string, screenshot: string): Promise<PageSeen> {
	const profile = mkdtempSync(join(tmpdir(), 'dhcpulse-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
		viewport: { width: 1280, height: 900 },
	});
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		const consoleErrors: string[] = [];
		const requests: string[] = [];
		const own = pathToFileURL(file).href;
		page.on('console', (m) => {
			if (m.type() === 'error') consoleErrors.push(m.text());
		});
		page.on('pageerror', (e) => consoleErrors.push(String(e)));
		page.on('request', (r) => {
			if (r.url() !== own) requests.push(r.url());
		});
		await page.goto(own, { waitUntil: 'load', timeout: 60_000 });
		await page.waitForFunction(() => (globalThis as unknown as { dhcpulseReport?: unknown }).dhcpulseReport !== undefined, undefined, { timeout: 60_000 });
		const charts = await page.evaluate(() => {
			// The page's own types, without the DOM library (the tests compile for Node).
			type Canvas = { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null };
			type U = { dhcpulseId: string; data: (number | null)[][]; root: { querySelector(selector: string): Canvas | null } };
			const list = (globalThis as unknown as { dhcpulseReport: { charts: U[] } }).dhcpulseReport.charts;
			return list.map((u) => {
				const c = u.root.querySelector('canvas')!;
				const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
				let inked = 0;
				for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) inked++;
				return { id: u.dhcpulseId, points: u.data.slice(1).map((s) => s.filter((v) => v !== null && v !== undefined).length), canvas: { width: c.width, height: c.height }, inked };
			});
		});
		mkdirSync(dirname(screenshot), { recursive: true });
		await page.screenshot({ path: screenshot, fullPage: true });
		return { charts, consoleErrors, requests, title: await page.title() };
	} finally {
		await context.close();
		rmSync(profile, { recursive: true, force: true });
	}
}
