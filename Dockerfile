# The app image installs the project exactly as `make install` does (same pyproject pins, same venv).
FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends make gcc g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . /app
# torch is pinned to 2.13.0 in pyproject; the build host's pip configuration decides which build it gets.
RUN make install
ENV GA_DATA_DIR=/data HF_HUB_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False
EXPOSE 7860
CMD [".venv/bin/guideline-assist", "serve", "--host", "0.0.0.0", "--port", "7860"]
