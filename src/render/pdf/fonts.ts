import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const dir = (pkg: string) => dirname(require.resolve(`${pkg}/package.json`));

/** Embedded fonts from npm packages, by absolute path (pdfkit caches fonts given by path). */
export function fontPaths() {
  const dejavu = join(dir('dejavu-fonts-ttf'), 'ttf');
  const noto = dir('@expo-google-fonts/noto-sans-sc');
  return {
    regular: join(dejavu, 'DejaVuSans.ttf'),
    bold: join(dejavu, 'DejaVuSans-Bold.ttf'),
    mono: join(dejavu, 'DejaVuSansMono.ttf'),
    cjk: join(noto, '400Regular', 'NotoSansSC_400Regular.ttf'),
    cjkBold: join(noto, '700Bold', 'NotoSansSC_700Bold.ttf'),
  };
}
