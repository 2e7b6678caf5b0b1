{{/* Chart name, truncated to the 63 characters Kubernetes allows. */}}
{{- define "faultline.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-qualified name. */}}
{{- define "faultline.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of one service's objects: <fullname>-<service>. Call with (dict "root" $ "name" $name). */}}
{{- define "faultline.serviceName" -}}
{{- printf "%s-%s" (include "faultline.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "faultline.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "faultline.labels" -}}
helm.sh/chart: {{ include "faultline.chart" . }}
app.kubernetes.io/name: {{ include "faultline.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: faultline
{{- end -}}

{{/* Selector labels of one service. Call with (dict "root" $ "name" $name). */}}
{{- define "faultline.selectorLabels" -}}
app.kubernetes.io/name: {{ include "faultline.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "faultline.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "faultline.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "faultline.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* Secret holding DATABASE_URL. */}}
{{- define "faultline.databaseSecretName" -}}
{{- default (include "faultline.fullname" .) .Values.database.existingSecret -}}
{{- end -}}
{{- define "faultline.databaseSecretKey" -}}
{{- if .Values.database.existingSecret -}}{{ .Values.database.existingSecretKey }}{{- else -}}DATABASE_URL{{- end -}}
{{- end -}}

{{/* Secret holding S3_ACCESS_KEY / S3_SECRET_KEY. */}}
{{- define "faultline.s3SecretName" -}}
{{- default (include "faultline.fullname" .) .Values.objectStorage.existingSecret -}}
{{- end -}}

{{/* Does the chart create its own Secret? (S3 keys only for the services that use storage.) */}}
{{- define "faultline.createSecret" -}}
{{- if or (not .Values.database.existingSecret) (and (include "faultline.usesStorage" .) (not .Values.objectStorage.existingSecret)) -}}true{{- end -}}
{{- end -}}

{{/* Is a service that uses object storage enabled? (enrichment, clustering; github-issues when an endpoint is set) */}}
{{- define "faultline.usesStorage" -}}
{{- if or .Values.services.enrichment.enabled .Values.services.clustering.enabled (and (index .Values.services "github-issues").enabled .Values.objectStorage.endpoint) -}}true{{- end -}}
{{- end -}}

{{/* Secret with the GitHub App key, token and webhook secret. */}}
{{- define "faultline.githubSecretName" -}}
{{- default (printf "%s-github" (include "faultline.fullname" .)) .Values.github.existingSecret -}}
{{- end -}}

{{/* Does the chart create the GitHub Secret? */}}
{{- define "faultline.createGithubSecret" -}}
{{- $gh := .Values.github -}}
{{- if and (index .Values.services "github-issues").enabled (not $gh.existingSecret) (or $gh.privateKey $gh.token $gh.webhookSecret) -}}true{{- end -}}
{{- end -}}

{{/* Environment shared by every service and the migration Job (all read by every service, FAULTLINE_PUBLIC_URL by the CLI). */}}
{{- define "faultline.commonEnv" -}}
- name: NATS_URL
  value: {{ .Values.nats.url | quote }}
{{- with .Values.nats.streamPrefix }}
- name: NATS_STREAM_PREFIX
  value: {{ . | quote }}
{{- end }}
- name: NATS_STREAM_REPLICAS
  value: {{ .Values.nats.streamReplicas | quote }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "faultline.databaseSecretName" . }}
      key: {{ include "faultline.databaseSecretKey" . }}
- name: DATABASE_SCHEMA
  value: {{ .Values.database.schema | quote }}
- name: FAULTLINE_PUBLIC_URL
  value: {{ .Values.publicUrl | quote }}
- name: LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
{{- end -}}

{{/* Object storage (enrichment and clustering). */}}
{{- define "faultline.storageEnv" -}}
- name: S3_ENDPOINT
  value: {{ required "objectStorage.endpoint is required while enrichment or clustering is enabled" .Values.objectStorage.endpoint | quote }}
- name: S3_REGION
  value: {{ .Values.objectStorage.region | quote }}
- name: S3_BUCKET
  value: {{ .Values.objectStorage.bucket | quote }}
- name: S3_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "faultline.s3SecretName" . }}
      key: S3_ACCESS_KEY
- name: S3_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "faultline.s3SecretName" . }}
      key: S3_SECRET_KEY
{{- end -}}

{{/* Consumer and publisher settings (only those set). */}}
{{- define "faultline.consumerEnv" -}}
{{- $c := .Values.consumer -}}
{{- range $pair := list (list "CONSUMER_ACK_WAIT" $c.ackWait) (list "CONSUMER_MAX_DELIVER" $c.maxDeliver) (list "CONSUMER_BACKOFF" $c.backoff) (list "CONSUMER_MAX_ACK_PENDING" $c.maxAckPending) (list "CONSUMER_CONCURRENCY" $c.concurrency) (list "CONSUMER_PREFETCH" $c.prefetch) (list "CONSUMER_DRAIN_TIMEOUT" $c.drainTimeout) (list "NATS_PUBLISH_TIMEOUT" $.Values.publishTimeout) }}
{{- if index $pair 1 }}
- name: {{ index $pair 0 }}
  value: {{ index $pair 1 | quote }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
Per-service environment: "faultline.env.<service>", called with (dict "root" $ "name" $name "svc" $svc).
test/deploy.spec.ts checks that every variable named in one of these blocks is read by that
service's configuration schema.
*/}}
{{- define "faultline.env.ingest" -}}
- name: INGEST_REPLICAS
  value: {{ ternary .svc.autoscaling.minReplicas .svc.replicas .svc.autoscaling.enabled | quote }}
{{- end -}}

{{- define "faultline.env.enrichment" -}}
{{ include "faultline.storageEnv" .root }}
{{- if .root.Values.ingress.enabled }}
- name: ENRICHMENT_PUBLIC_URL
  value: {{ .root.Values.publicUrl | quote }}
{{- end }}
{{- end -}}

{{- define "faultline.env.clustering" -}}
{{ include "faultline.storageEnv" .root }}
{{- end -}}

{{- define "faultline.env.alert-router" -}}
{{- if .root.Values.alerting.config }}
- name: ALERTING_CONFIG
  value: /etc/faultline/alerting.yaml
{{- end }}
- name: ALERT_ROUTER_EXTERNAL_URL
  value: {{ printf "http://%s.%s.svc:%v" (include "faultline.serviceName" .) .root.Release.Namespace .svc.port | quote }}
{{- end -}}

{{- define "faultline.env.github-issues" -}}
{{- $gh := .root.Values.github -}}
{{- $secret := include "faultline.githubSecretName" .root -}}
{{- if .root.Values.ingress.enabled }}
- name: GITHUB_ISSUES_PUBLIC_URL
  value: {{ .root.Values.publicUrl | quote }}
{{- end }}
{{- /* Optional: the store clustering writes raw events to; new issues then show the latest event's stack trace. */}}
{{- if .root.Values.objectStorage.endpoint }}
{{ include "faultline.storageEnv" .root }}
{{- end }}
- name: GITHUB_API_URL
  value: {{ $gh.apiUrl | quote }}
{{- with $gh.repository }}
- name: GITHUB_REPOSITORY
  value: {{ . | quote }}
{{- end }}
{{- with $gh.projectRepositories }}
- name: GITHUB_PROJECT_REPOSITORIES
  value: {{ toJson . | quote }}
{{- end }}
{{- if $gh.appId }}
{{- if not (or $gh.privateKey $gh.existingSecret) }}
{{- fail "github.appId needs github.privateKey or github.existingSecret (key github.secretKeys.privateKey)" }}
{{- end }}
- name: GITHUB_APP_ID
  value: {{ $gh.appId | quote }}
- name: GITHUB_PRIVATE_KEY_FILE
  value: /var/run/secrets/faultline/github/private-key.pem
{{- end }}
{{- with $gh.installationId }}
- name: GITHUB_INSTALLATION_ID
  value: {{ . | quote }}
{{- end }}
{{- if or $gh.token $gh.existingSecret }}
- name: GITHUB_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $gh.secretKeys.token }}
      optional: true
{{- end }}
{{- if or $gh.webhookSecret $gh.existingSecret }}
- name: GITHUB_WEBHOOK_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $gh.secretKeys.webhookSecret }}
      optional: true
{{- end }}
{{- /* Dry run (no credentials) writes files; the root filesystem is read-only, /tmp is an emptyDir. */}}
- name: GITHUB_DRY_RUN_DIR
  value: /tmp/github-dry-run
{{- end -}}
