# The LTI tool as an image: built in one stage, run from a slim one as a non-root user with
# plain `node` (no npm at run time, so signals reach the process). README "Deployment".

# --- build: install everything, build the pages and the server bundle ---
FROM node:20-bookworm-slim AS build
WORKDIR /app
# sqlite3 builds its native addon when no prebuilt one matches.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# wxt's postinstall needs the sources; it runs after they are copied.
RUN npm ci --ignore-scripts
COPY . .
RUN npm rebuild && npm run build:web && npm run build:server \
  && npm prune --omit=dev --ignore-scripts

# --- run: only what the server reads ---
FROM node:20-bookworm-slim AS run
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./package.json
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --from=build --chown=root:root /app/.output/lti-web ./.output/lti-web
COPY --from=build --chown=root:root /app/.output/lti-served ./.output/lti-served
COPY --from=build --chown=root:root /app/lti-tool/modules/starter ./lti-tool/modules/starter
# DATA_DIR holds secret.key and, unless MEDIA_STORE names an S3 bucket, the uploads (media/):
# every instance needs the same one (a shared volume).
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
VOLUME ["/data"]
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "dist/server/main.js"]
