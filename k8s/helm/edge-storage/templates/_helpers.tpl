{{/* Names */}}
{{- define "edge-storage.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "edge-storage.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* The full name of one component: <fullname>-<component>, e.g. edge-storage-key-service. */}}
{{- define "edge-storage.componentName" -}}
{{- printf "%s-%s" (include "edge-storage.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "edge-storage.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "edge-storage.labels" -}}
helm.sh/chart: {{ include "edge-storage.chart" . }}
app.kubernetes.io/part-of: {{ include "edge-storage.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Selector labels of one component (dict root, component). */}}
{{- define "edge-storage.selectorLabels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end }}

{{- define "edge-storage.componentLabels" -}}
{{ include "edge-storage.labels" .root }}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "edge-storage.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "edge-storage.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* In-cluster URL of a component's internal listener (its -internal Service): where services call each other. */}}
{{- define "edge-storage.internalUrl" -}}
{{- printf "http://%s-internal:%d" (include "edge-storage.componentName" .) (int .port) }}
{{- end }}

{{/* The Secret with the shared credentials. */}}
{{- define "edge-storage.secretName" -}}
{{- if .Values.secrets.existingSecret }}
{{- .Values.secrets.existingSecret }}
{{- else }}
{{- printf "%s-credentials" (include "edge-storage.fullname" .) }}
{{- end }}
{{- end }}

{{- define "edge-storage.databaseSecretName" -}}
{{- if .Values.database.existingSecret }}
{{- .Values.database.existingSecret }}
{{- else }}
{{- printf "%s-database" (include "edge-storage.fullname" .) }}
{{- end }}
{{- end }}

{{/* image reference of one component (dict root, component, values) */}}
{{- define "edge-storage.image" -}}
{{- $img := .root.Values.image }}
{{- $own := .values.image | default dict }}
{{- $registry := $own.registry | default $img.registry }}
{{- $group := $own.group | default $img.group }}
{{- $name := $own.name | default .component }}
{{- $tag := $own.tag | default $img.tag | default .root.Chart.AppVersion }}
{{- if $registry }}
{{- printf "%s/%s/%s:%s" $registry $group $name $tag }}
{{- else }}
{{- printf "%s/%s:%s" $group $name $tag }}
{{- end }}
{{- end }}

{{/* The Secret with one caller's internal credential (dict root, caller: apiGateway, presignService, …). */}}
{{- define "edge-storage.internalSecretName" -}}
{{- $c := get .root.Values.secrets.internalCredentials .caller }}
{{- if $c.existingSecret }}
{{- $c.existingSecret }}
{{- else }}
{{- printf "%s-internal-%s" (include "edge-storage.fullname" .root) (kebabcase .caller) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* Whether a caller has a credential at all (the operator's is optional). */}}
{{- define "edge-storage.internalCredentialSet" -}}
{{- $c := get .root.Values.secrets.internalCredentials .caller }}
{{- if or $c.existingSecret $c.token }}true{{ end }}
{{- end }}

{{/*
EDGE_INTERNAL_TOKEN_<CALLER> from that caller's Secret (dict root, caller, previous). A receiving service also
gets EDGE_INTERNAL_TOKEN_<CALLER>_PREVIOUS (optional key token-previous) so a credential changes without 401s.
*/}}
{{- define "edge-storage.internalCredentialEnv" -}}
{{- $env := printf "EDGE_INTERNAL_TOKEN_%s" (.caller | snakecase | upper) }}
{{- $secret := include "edge-storage.internalSecretName" . }}
- name: {{ $env }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: token
{{- if .previous }}
- name: {{ $env }}_PREVIOUS
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: token-previous
      optional: true
{{- end }}
{{- end }}

{{- define "edge-storage.databaseEnv" -}}
- name: EDGE_PG_HOST
  value: {{ .root.Values.database.host | quote }}
- name: EDGE_PG_PORT
  value: {{ .root.Values.database.port | quote }}
- name: EDGE_PG_DB
  value: {{ .root.Values.database.name | quote }}
{{- if and .root.Values.database.existingSecret .root.Values.database.existingSecretUserKey }}
- name: EDGE_PG_USER
  valueFrom:
    secretKeyRef:
      name: {{ include "edge-storage.databaseSecretName" .root }}
      key: {{ .root.Values.database.existingSecretUserKey }}
{{- else }}
- name: EDGE_PG_USER
  value: {{ .root.Values.database.user | quote }}
{{- end }}
- name: EDGE_PG_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "edge-storage.databaseSecretName" .root }}
      key: {{ if .root.Values.database.existingSecret }}{{ .root.Values.database.existingSecretPasswordKey }}{{ else }}password{{ end }}
{{- end }}

{{- define "edge-storage.kafkaEnv" -}}
- name: EDGE_KAFKA_BOOTSTRAP
  value: {{ .root.Values.kafka.bootstrap | quote }}
{{- with .root.Values.kafka.securityProtocol }}
- name: KAFKA_SECURITY_PROTOCOL
  value: {{ . | quote }}
{{- end }}
{{- with .root.Values.kafka.saslMechanism }}
- name: KAFKA_SASL_MECHANISM
  value: {{ . | quote }}
{{- end }}
{{- if .root.Values.kafka.existingSecret }}
- name: KAFKA_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef:
      name: {{ .root.Values.kafka.existingSecret }}
      key: {{ .root.Values.kafka.existingSecretJaasConfigKey }}
{{- end }}
{{- end }}

{{/* The s3 blob store's access key, from the user's Secret (never a value: the chart renders no such Secret). */}}
{{- define "edge-storage.blobStoreCredentialEnv" -}}
{{- $s3 := .root.Values.objectService.blobStore.s3 }}
- name: EDGE_BLOB_S3_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $s3.existingSecret }}
      key: {{ $s3.accessKeyIdKey }}
- name: EDGE_BLOB_S3_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $s3.existingSecret }}
      key: {{ $s3.secretAccessKeyKey }}
{{- end }}
