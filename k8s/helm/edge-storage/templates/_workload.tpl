{{/*
One service: ConfigMap, Deployment and Service.
dict: root, component (e.g. "key-service"), values (the service's values), portEnv (e.g. EDGE_KEY_SERVICE_PORT),
internalPortEnv (e.g. EDGE_KEY_SERVICE_INTERNAL_PORT),
config (dict of extra non-secret env), secretEnv (rendered env YAML list), volumes/volumeMounts (YAML lists),
manageReplicas (false when an HPA owns the replica count).
*/}}
{{- define "edge-storage.workload" -}}
{{- $root := .root }}
{{- $v := .values }}
{{- $name := include "edge-storage.componentName" . }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ $name }}
  labels:
    {{- include "edge-storage.componentLabels" . | nindent 4 }}
data:
  EDGE_BIND_HOST: "0.0.0.0"
  {{ .portEnv }}: {{ $v.port | quote }}
  {{ .internalPortEnv }}: {{ $v.internalPort | quote }}
  EDGE_LOG_JSON: {{ $root.Values.config.logJson | quote }}
  EDGE_ACCESS_LOG: {{ $root.Values.config.accessLog | quote }}
  {{- with $root.Values.config.otlpEndpoint }}
  EDGE_OTLP_ENDPOINT: {{ . | quote }}
  {{- end }}
  {{- range $k, $val := .config }}
  {{ $k }}: {{ $val | toString | quote }}
  {{- end }}
  {{- range $k, $val := $v.env }}
  {{ $k }}: {{ $val | toString | quote }}
  {{- end }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}
  labels:
    {{- include "edge-storage.componentLabels" . | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "edge-storage.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ $v.port }}
      targetPort: http
      protocol: TCP
---
# The internal listener (/internal/** and /q/**): cluster-internal only, never an Ingress or Gateway backend;
# the NetworkPolicy of this component says who may reach it.
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}-internal
  labels:
    {{- include "edge-storage.componentLabels" . | nindent 4 }}
    edge-storage.io/listener: internal
spec:
  type: ClusterIP
  selector:
    {{- include "edge-storage.selectorLabels" . | nindent 4 }}
  ports:
    - name: internal
      port: {{ $v.internalPort }}
      targetPort: internal
      protocol: TCP
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $name }}
  labels:
    {{- include "edge-storage.componentLabels" . | nindent 4 }}
spec:
  {{- if .manageReplicas }}
  replicas: {{ $v.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "edge-storage.selectorLabels" . | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  template:
    metadata:
      labels:
        {{- include "edge-storage.componentLabels" . | nindent 8 }}
      annotations:
        checksum/config: {{ .configChecksum }}
        {{- with $v.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "edge-storage.serviceAccountName" $root }}
      automountServiceAccountToken: false
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      terminationGracePeriodSeconds: 30
      containers:
        - name: {{ .component }}
          image: {{ include "edge-storage.image" . | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: {{ $v.port }}
              protocol: TCP
            - name: internal
              containerPort: {{ $v.internalPort }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ $name }}
          env:
            {{- .secretEnv | nindent 12 }}
            {{- with $v.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          startupProbe:
            httpGet:
              path: /q/health/started
              port: internal
            periodSeconds: {{ $root.Values.probes.startup.periodSeconds }}
            failureThreshold: {{ $root.Values.probes.startup.failureThreshold }}
            timeoutSeconds: {{ $root.Values.probes.startup.timeoutSeconds }}
          livenessProbe:
            httpGet:
              path: /q/health/live
              port: internal
            periodSeconds: {{ $root.Values.probes.liveness.periodSeconds }}
            failureThreshold: {{ $root.Values.probes.liveness.failureThreshold }}
            timeoutSeconds: {{ $root.Values.probes.liveness.timeoutSeconds }}
          readinessProbe:
            httpGet:
              path: /q/health/ready
              port: internal
            periodSeconds: {{ $root.Values.probes.readiness.periodSeconds }}
            failureThreshold: {{ $root.Values.probes.readiness.failureThreshold }}
            timeoutSeconds: {{ $root.Values.probes.readiness.timeoutSeconds }}
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          securityContext:
            {{- toYaml $root.Values.securityContext | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- with .volumeMounts }}
            {{- . | nindent 12 }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 256Mi
        {{- with .volumes }}
        {{- . | nindent 8 }}
        {{- end }}
      {{- with .topologySpread }}
      topologySpreadConstraints:
        {{- . | nindent 8 }}
      {{- end }}
      {{- with $v.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- if and .controlPlanePdb (gt (int $v.replicas) 1) }}
---
# Control-plane services keep at least one pod through node drains.
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ $name }}
  labels:
    {{- include "edge-storage.componentLabels" . | nindent 4 }}
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      {{- include "edge-storage.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end }}
