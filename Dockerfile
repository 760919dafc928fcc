# NetOps bot: the compiled bot server on Node 22, as an unprivileged user. docker build -t netops-bot .
#
# Two stages. "build" installs every dependency and compiles src/ to dist/ (npm run build: tsc, the assets src/
# reads at run time, the validated demo world). The runtime stage holds only the production dependencies, the
# compiled program and the files it reads relative to it: package.json (the version, "type": "module"), cards/
# (the card templates) and the Teams host config the playground serves. No TypeScript, no tsx, no sources.
#
# Configuration comes from the environment (.env.example; docs/deploy.md for Azure Container Apps). Without
# MicrosoftAppId the bot is in local mode and listens on 127.0.0.1 inside the container; set HOST=0.0.0.0 only
# to try the unauthenticated demo and playground from the host. State: NETOPS_DATA_DIR (/app/data) or Azure
# Storage. test/deploy/dockerfile.test.ts checks this file; scripts/check-image.mjs rebuilds its runtime stage
# in a temporary folder and starts it as a non-root user (.ci/run).

ARG NODE_IMAGE=node:22-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: prepare would build before the sources are here; the build runs below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/ scripts/
COPY cards/ cards/
COPY src/ src/
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3978 \
    NETOPS_DATA_DIR=/app/data \
    NODE_COMPILE_CACHE=/tmp/node-compile-cache
WORKDIR /app
COPY package.json package-lock.json ./
# --omit=dev --ignore-scripts: prepare (the build) must not run here, dist/ comes from the build stage; the
# dependencies' install scripts are not needed either. i18next names TypeScript as an optional peer (for its
# types), so npm installs it even so: removed, 30 MB the bot never loads.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/typescript node_modules/@typescript \
 && npm cache clean --force
COPY --from=build /app/dist/ dist/
COPY cards/ cards/
COPY schemas/hostconfig-teams-light.json schemas/
# `docker exec <container> node bin/netops.mjs run about`: the CLI, on the same compiled program (bin/ imports
# scripts/: with no src/ in the image, its staleness check finds nothing to build).
COPY bin/ bin/
COPY scripts/ scripts/
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3978
# Liveness without curl in the image: node's own fetch.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))"]
# node itself as PID 1 (not npm), so SIGTERM reaches the bot, which finishes in-flight work and exits.
CMD ["node", "dist/index.js"]
