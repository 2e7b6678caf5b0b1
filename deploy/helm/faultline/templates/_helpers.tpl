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

{{/* Does the chart create its own Secret? */}}
{{- define "faultline.createSecret" -}}
{{- if or (not .Values.database.existingSecret) (and .Values.objectStorage.endpoint (not .Values.objectStorage.existingSecret)) -}}true{{- end -}}
{{- end -}}

{{/* GitHub App key Secret. */}}
{{- define "faultline.githubSecretName" -}}
{{- default (printf "%s-github" (include "faultline.fullname" .)) .Values.github.existingSecret -}}
{{- end -}}

{{/* Environment shared by every service and the migration Job. */}}
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
{{- if .Values.objectStorage.endpoint }}
- name: S3_ENDPOINT
  value: {{ .Values.objectStorage.endpoint | quote }}
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
{{- end }}
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
